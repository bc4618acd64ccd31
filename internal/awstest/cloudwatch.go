package awstest

func registerCloudWatch(s *Server) {}
