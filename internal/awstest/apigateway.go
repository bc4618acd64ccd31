package awstest

func registerAPIGateway(s *Server) {}
