package demo

func addLambda(b *builder) {}
