package demo

func addIAM(b *builder) {}
