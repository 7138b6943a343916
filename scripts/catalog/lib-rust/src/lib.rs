// Intentionally empty: this package exists so that cargo resolves the documented crates (see Cargo.toml).
