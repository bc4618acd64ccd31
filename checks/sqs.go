package checks

func sqsChecks() []*Check { return nil }
