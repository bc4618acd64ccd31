package checks

func s3Checks() []*Check { return nil }
