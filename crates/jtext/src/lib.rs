//! keikaku-jtext (in progress)
