package checks

func tgwChecks() []*Check { return nil }
