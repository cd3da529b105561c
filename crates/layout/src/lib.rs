//! keikaku-layout (in progress)
