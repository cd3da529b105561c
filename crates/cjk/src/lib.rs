//! keikaku-cjk (in progress)
