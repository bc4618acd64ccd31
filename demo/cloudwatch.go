package demo

func addCloudWatch(b *builder) {}
