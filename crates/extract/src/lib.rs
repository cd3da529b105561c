//! keikaku-extract (in progress)
