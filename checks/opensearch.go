package checks

func opensearchChecks() []*Check { return nil }
