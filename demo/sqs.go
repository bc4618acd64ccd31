package demo

func addSQS(b *builder) {}
