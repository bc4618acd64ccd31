package awstest

func registerSecretsManager(s *Server) {}
