package awstest

func registerEC2(s *Server) {}
