package awstest

func registerCloudTrail(s *Server) {}
