package awstest

func registerOrganizations(s *Server) {}
