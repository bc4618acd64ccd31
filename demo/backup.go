package demo

func addBackup(b *builder) {}
