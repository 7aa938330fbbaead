#pragma once
// What every program answers to --version (docs/architecture.md, "--version and --help").
#include <string>

namespace ds {

// DenseScope's version: CMake's project(VERSION), e.g. "0.1.0".
std::string version();

// The --version text, ending in a newline:
//   <program> (DenseScope) <version>
//   Qt <qtVersion>                (or "Qt: not used" when qtVersion is empty)
//   LibTorch <x.y.z> (CPU|CUDA)
// The first line is the GNU form, which man-page tools and packagers read.
std::string versionText(const std::string& program, const std::string& qtVersion);

}  // namespace ds
