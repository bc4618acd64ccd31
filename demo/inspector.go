package demo

func addInspector(b *builder) {}
