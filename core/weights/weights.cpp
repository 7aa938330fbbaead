// Weights specs and the ImageNet file lookup (loading by name is in load_state_dict.cpp).
#include "weights.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "densescope/errors.h"

namespace ds {

WeightsSpec WeightsSpec::parse(const std::string& text) {
    WeightsSpec spec;
    if (text.empty())
        throw WeightsError(
            "The weights spec is empty: use random, random:SEED, imagenet or the path of a "
            ".pth or .safetensors file.",
            ErrorKind::WeightsSpec, {{"spec", text}});
    if (text == "random") return spec;
    if (text.rfind("random:", 0) == 0) {
        const std::string digits = text.substr(7);
        uint64_t seed = 0;
        bool ok = !digits.empty() && digits.size() <= 20;
        for (char c : digits) {
            if (c < '0' || c > '9' || seed > (UINT64_MAX - uint64_t(c - '0')) / 10) {
                ok = false;
                break;
            }
            seed = seed * 10 + uint64_t(c - '0');
        }
        if (!ok)
            throw WeightsError(
                "'" + text +
                    "' is not a valid weights spec: the seed after 'random:' must be a "
                    "whole number from 0 to 18446744073709551615, e.g. random:42.",
                ErrorKind::WeightsSpec, {{"spec", text}});
        spec.seed = seed;
        return spec;
    }
    if (text == "imagenet") {
        spec.kind = Kind::ImageNet;
        return spec;
    }
    spec.kind = Kind::File;
    spec.path = text;
    return spec;
}

std::string torchHubCheckpointDir() {
    // torch.hub: $TORCH_HOME, else $XDG_CACHE_HOME/torch, else ~/.cache/torch; then
    // hub/checkpoints.
    std::filesystem::path home;
    const char* torchHome = std::getenv("TORCH_HOME");
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (torchHome && *torchHome) {
        home = torchHome;
    } else if (xdg && *xdg) {
        home = std::filesystem::path(xdg) / "torch";
    } else {
        const char* userHome = std::getenv("HOME");
        std::string dir = userHome && *userHome ? userHome : "";
        if (dir.empty())
            if (const passwd* pw = getpwuid(getuid())) dir = pw->pw_dir ? pw->pw_dir : "";
        home = std::filesystem::path(dir.empty() ? "." : dir) / ".cache" / "torch";
    }
    return (home / "hub" / "checkpoints").string();
}

std::string imagenetFileName(const std::string& variant) {
    if (variant == "densenet121") return "densenet121-a639ec97.pth";
    if (variant == "densenet161") return "densenet161-8d451a50.pth";
    if (variant == "densenet169") return "densenet169-b2777c0a.pth";
    if (variant == "densenet201") return "densenet201-c1103571.pth";
    return "";
}

std::string findImagenetWeights(const DenseNetConfig& config) {
    std::string file = imagenetFileName(config.name);
    if (!file.empty() && config != DenseNetConfig::variant(config.name))
        file.clear();  // an edited variant
    if (file.empty()) {
        const std::string what = config.name == "densenet264"
                                     ? std::string("densenet264 (the paper's DenseNet-264)")
                                     : "this custom DenseNet (" + config.describe() + ")";
        throw WeightsError(
            "There are no official ImageNet weights for " + what +
                ": torchvision publishes them only for densenet121, densenet161, densenet169 and "
                "densenet201. Use random weights or a weights file of your own.",
            ErrorKind::WeightsNoImagenet,
            {{"variant", config.name == "densenet264" ? config.name : config.describe()}});
    }
    const std::string dir = torchHubCheckpointDir();
    const std::filesystem::path path = std::filesystem::path(dir) / file;
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) return path.string();
    // DenseScope's own downloader first (it checks the file as torch.hub does); the manual
    // ways after it, for a machine that reaches the file only through a browser or Python.
    throw WeightsError("The ImageNet weights for " + config.name + " are not in " + dir +
                           ": download them with `densescope-cli weights download " + config.name +
                           "` (in the app: the Weights menu), or download " +
                           "https://download.pytorch.org/models/" + file + " and put it at " +
                           path.string() +
                           ", or run `python3 -c \"import torchvision; "
                           "torchvision.models." +
                           config.name + "(weights='DEFAULT')\"`, which caches it there.",
                       ErrorKind::WeightsNotDownloaded,
                       {{"variant", config.name},
                        {"dir", dir},
                        {"url", "https://download.pytorch.org/models/" + file}});
}

std::string defaultWeightsSpec(const DenseNetConfig& config, std::string* why) {
    try {
        findImagenetWeights(config);
        return "imagenet";
    } catch (const WeightsError& e) {
        if (why) *why = e.what();
        return "random";
    }
}

}  // namespace ds
