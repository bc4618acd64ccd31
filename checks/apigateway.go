package checks

func apigatewayChecks() []*Check { return nil }
