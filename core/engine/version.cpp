#include "densescope/version.h"

#include "densescope/engine.h"

namespace ds {

std::string version() { return DENSESCOPE_VERSION; }

std::string versionText(const std::string& program, const std::string& qtVersion) {
    return program + " (DenseScope) " + version() + "\n" +
           (qtVersion.empty() ? std::string("Qt: not used") : "Qt " + qtVersion) + "\n" +
           Engine::versionInfo() + "\n";
}

}  // namespace ds
