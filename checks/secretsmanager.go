package checks

func secretsManagerChecks() []*Check { return nil }
