package checks

func organizationsChecks() []*Check { return nil }
