package awstest

func registerSQS(s *Server) {}
