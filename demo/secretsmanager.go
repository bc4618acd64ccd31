package demo

func addSecretsManager(b *builder) {}
