//! keikaku-structure (in progress)
