package checks

func cloudtrailChecks() []*Check { return nil }
