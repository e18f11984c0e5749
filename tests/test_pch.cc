// Compiled only to build Catch2's precompiled header, which every test program reuses
// (tests/CMakeLists.txt); the library itself is never linked.
