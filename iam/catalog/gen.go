package catalog

// The catalogue's source, pinned by version and npm integrity hash. To move
// to a newer release, change the version, empty the integrity, run
// `go generate ./iam/catalog` once to see the new hash, and pin it.
//go:generate go run ../../internal/gen/iamcatalog -version 0.21.202609261 -integrity sha512-fmjPChL/p+FZvKASQiw6WjdaAzKkvwVwN45tfyDiW3LJe2DoS7e/SIRQiT0y2fqE8J4iWoCIA/4pIc9AoyVd2Q== -out catalog.bin.gz -third-party ../../third_party/iam-data
