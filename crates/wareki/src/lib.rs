//! keikaku-wareki (in progress)
