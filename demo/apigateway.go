package demo

func addAPIGateway(b *builder) {}
