package checks

func vpcChecks() []*Check { return nil }
