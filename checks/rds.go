package checks

func rdsChecks() []*Check { return nil }
