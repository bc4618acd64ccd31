package checks

func cloudfrontChecks() []*Check { return nil }
