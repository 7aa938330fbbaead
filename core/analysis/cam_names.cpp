// What a user names for a class activation map (analysis.h): the CAM methods (their names,
// the list, and what each one needs: gradients, a forward per channel, a class), the class as
// an index or a label, and the layers of the CAM strip.
#include <algorithm>
#include <cctype>

#include "ascii_text.h"
#include "densescope/analysis.h"
#include "densescope/errors.h"
#include "densescope/labels.h"
#include "densescope/module_names.h"

namespace ds {
namespace {

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

const char* camMethodName(CamMethod m) {
    switch (m) {
        case CamMethod::GradCam: return "gradcam";
        case CamMethod::GradCamPlusPlus: return "gradcampp";
        case CamMethod::LayerCam: return "layercam";
        case CamMethod::HiResCam: return "hirescam";
        case CamMethod::GradCamElementWise: return "gradcamelementwise";
        case CamMethod::XGradCam: return "xgradcam";
        case CamMethod::EigenCam: return "eigencam";
        case CamMethod::EigenGradCam: return "eigengradcam";
        case CamMethod::ScoreCam: return "scorecam";
        case CamMethod::AblationCam: return "ablationcam";
        case CamMethod::Fem: return "fem";
    }
    return "gradcam";
}

const std::vector<CamMethod>& allCamMethods() {
    static const std::vector<CamMethod> all{
        CamMethod::GradCam,  CamMethod::GradCamPlusPlus, CamMethod::LayerCam,
        CamMethod::HiResCam, CamMethod::GradCamElementWise, CamMethod::XGradCam,
        CamMethod::EigenCam, CamMethod::EigenGradCam, CamMethod::ScoreCam,
        CamMethod::AblationCam, CamMethod::Fem};
    return all;
}

std::string camMethodList() {
    std::string out;
    for (CamMethod m : allCamMethods()) out += (out.empty() ? "" : ", ") + std::string(camMethodName(m));
    return out;
}

bool camMethodUsesGradient(CamMethod m) {
    return m != CamMethod::EigenCam && m != CamMethod::ScoreCam && m != CamMethod::AblationCam &&
           m != CamMethod::Fem;
}

bool camMethodIsPerturbation(CamMethod m) {
    return m == CamMethod::ScoreCam || m == CamMethod::AblationCam;
}

bool camMethodIsClassIndependent(CamMethod m) { return m == CamMethod::EigenCam || m == CamMethod::Fem; }

CamMethod parseCamMethod(const std::string& text) {
    const std::string t = asciiLower(trimmed(text));
    for (CamMethod m : allCamMethods())
        if (t == camMethodName(m)) return m;
    throw ConfigError("Unknown CAM method '" + text + "': use one of " + camMethodList() + ".");
}

std::vector<std::string> camStripLayers(const DenseNetConfig& config) {
    std::vector<std::string> out{names::kPool0};
    const int blocks = int(config.blockConfig.size());
    for (int b = 1; b <= blocks; ++b) {
        out.push_back(names::denseBlock(b));
        if (b < blocks) out.push_back(names::transition(b));
    }
    return out;
}

int parseClass(const std::string& text, int numClasses, const std::vector<std::string>& given) {
    const std::string t = trimmed(text);
    if (t.empty()) throw ConfigError("Give a class as an index or a label, e.g. 281 or tabby.");
    if (std::all_of(t.begin(), t.end(), [](unsigned char c) { return std::isdigit(c); })) {
        const long long index = t.size() > 9 ? -1 : std::stoll(t);
        if (index < 0 || index >= numClasses)
            throw ConfigError("Class " + t + " does not exist: this model has " +
                              std::to_string(numClasses) + " classes (0 to " +
                              std::to_string(numClasses - 1) + ").");
        return int(index);
    }
    std::vector<std::string> labels;
    if (int(given.size()) == numClasses) {
        labels = given;
    } else if (numClasses == int(imagenetLabels().size())) {
        labels = imagenetLabels();
    } else {
        for (int i = 0; i < numClasses; ++i) labels.push_back("class " + std::to_string(i));
    }
    const std::string want = asciiLower(t);
    for (size_t i = 0; i < labels.size(); ++i)
        if (asciiLower(labels[i]) == want) return int(i);
    // "persian" -> "Persian cat"; "tabby cat" -> "tabby". Unique matches only.
    std::vector<int> candidates;
    for (size_t i = 0; i < labels.size(); ++i) {
        const std::string l = asciiLower(labels[i]);
        if (l.rfind(want + " ", 0) == 0 || want.rfind(l + " ", 0) == 0) candidates.push_back(int(i));
    }
    if (candidates.size() == 1) return candidates.front();
    if (candidates.empty())
        throw ConfigError("No class is called '" + t + "'" +
                          (int(given.size()) == numClasses ? std::string(" among the given labels")
                           : labels.size() == 1000 ? std::string(" among the 1000 ImageNet labels")
                                                   : std::string()) +
                          ". Give its index (0 to " + std::to_string(numClasses - 1) +
                          ") or a label as `densescope-cli classify` prints it.");
    std::string list;
    for (size_t i = 0; i < candidates.size() && i < 8; ++i)
        list += (i ? ", " : "") + labels[size_t(candidates[i])] + " (" +
                std::to_string(candidates[i]) + ")";
    throw ConfigError("'" + t + "' could mean several classes: " + list +
                      (candidates.size() > 8 ? ", ..." : "") + ". Give the full label or its index.");
}

}  // namespace ds
