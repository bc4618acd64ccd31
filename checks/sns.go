package checks

func snsChecks() []*Check { return nil }
