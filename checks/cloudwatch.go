package checks

func cloudwatchChecks() []*Check { return nil }
