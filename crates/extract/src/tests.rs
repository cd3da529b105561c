//! Unit tests on PDFs built in the test code.
