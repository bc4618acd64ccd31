package checks

func ebsChecks() []*Check { return nil }
