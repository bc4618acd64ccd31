package inventory

// Organization is the AWS Organizations view of the estate.
type Organization struct {
	ID                string `json:"id"`
	ManagementAccount string `json:"managementAccount"`
}
