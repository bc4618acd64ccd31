package checks

func configChecks() []*Check { return nil }
