#pragma once
// Analyses that explain what the network sees: class activation maps, the dense-connectivity
// heat map (from the weights), each channel's peak per image (for "top images per channel"),
// the receptive field of a map position, feature visualisation, and a map's statistics.
// No LibTorch or Qt types in this header.
//
// All of them run on the plain module with the engine's loaded weights (the engine builds it
// on first use when its fast inference form does not keep it), on the engine's device, fp32.
// Like the rest of the engine they are used from one thread at a time. Long ones take a
// `progress` callback that is called between steps and returns false to stop (they then
// throw ds::Cancelled). They throw LayerError for an unknown module name, ConfigError for a
// bad channel, class or option (saying the valid range), ImageError for a bad image, and
// std::logic_error when no model is loaded.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "densescope/config.h"
#include "densescope/engine.h"
#include "densescope/image.h"

namespace ds {

struct LinearHead;  // teach.h

// Called between steps with (steps done, steps in all); return false to stop.
using ProgressFn = std::function<bool(int done, int total)>;

// ---------------------------------------------------------------------------------------------
// Class activation maps. A = the module's output for the image, [C, H, W], exactly as the module
// computes it (norm5: before the final ReLU; no in-place ReLU ever touches A); g = dy/dA with y
// the chosen class's logit (before softmax).
//   Grad-CAM:   w_c = mean_ij g_c;                                     CAM = ReLU(sum_c w_c A_c)
//   Grad-CAM++: a = g^2 / (2 g^2 + (sum_ij A_c) g^3 + 1e-6), 0 where g = 0;
//               w_c = sum_ij ReLU(g_c) a_c;                            CAM = ReLU(sum_c w_c A_c)
//   LayerCAM:   CAM = ReLU(sum_c ReLU(g_c) * A_c)
//   HiResCAM:   CAM = ReLU(sum_c g_c * A_c)                 (element-wise, no pooled gradient)
//   Grad-CAM element-wise: CAM = ReLU(sum_c ReLU(g_c * A_c))
//   XGrad-CAM:  w_c = sum_ij g_c A_c / (sum_ij A_c + 1e-7);           CAM = ReLU(sum_c w_c A_c)
//   Eigen-CAM:  P = A as an HW x C matrix, each column centred on its mean; p = P v1 (v1 its
//               first right-singular vector), negated when |min p| > |max p|; CAM = ReLU(p).
//               Class-independent.
//   EigenGrad-CAM: the same on g * A.
//   Score-CAM:  M_c = A_c upsampled bilinearly (align_corners=True) to the input's size and
//               scaled to [0, 1] by (U - min U) / (max U - min U + 1e-8); s_c = the class's
//               logit for input * M_c; w = softmax_c(s);               CAM = ReLU(sum_c w_c A_c)
//               One forward per channel, batched through the engine's fast forward (the
//               plain module's when a taught head is explained).
//   Ablation-CAM: y_c = the class's logit when channel c of A is set to 0 and the network
//               continues from the module (what precedes it is not run again); w_c =
//               (y - y_c) / y;                                        CAM = ReLU(sum_c w_c A_c)
//   FEM:        w_c = the share of positions where A_c > mean(A_c) + 2 std(A_c) (population
//               standard deviation);                                  CAM = ReLU(sum_c w_c A_c)
//               Class-independent.
// Eigen-smooth (CamOptions::eigenSmooth): the channel sum of the weighted activations (w_c A_c;
// g * A for HiResCAM, ReLU(g * A) for Grad-CAM element-wise, ReLU(g) * A for LayerCAM) is
// replaced by their Eigen-CAM projection (centred, first principal component, the same sign
// rule, then ReLU), as pytorch-grad-cam's eigen_smooth. Eigen-CAM and EigenGrad-CAM ignore it.
// The gradient methods run one forward and one backward for any number of modules; Eigen-CAM
// and FEM one forward; Score-CAM and Ablation-CAM in addition one forward (of the whole network,
// resp. of what lies behind the module) per channel, layer after layer.
enum class CamMethod {
    GradCam, GradCamPlusPlus, LayerCam,
    HiResCam, GradCamElementWise, XGradCam, EigenCam, EigenGradCam, ScoreCam, AblationCam, Fem
};
// "gradcam" | "gradcampp" | "layercam" | "hirescam" | "gradcamelementwise" | "xgradcam" |
// "eigencam" | "eigengradcam" | "scorecam" | "ablationcam" | "fem"
const char* camMethodName(CamMethod m);
CamMethod parseCamMethod(const std::string& text);  // those names; ConfigError listing them otherwise
const std::vector<CamMethod>& allCamMethods();       // in the order above
std::string camMethodList();                         // "gradcam, gradcampp, ..., fem"
bool camMethodUsesGradient(CamMethod m);     // needs the backward pass
bool camMethodIsPerturbation(CamMethod m);   // Score-CAM, Ablation-CAM: a forward per channel
bool camMethodIsClassIndependent(CamMethod m);  // Eigen-CAM, FEM

struct CamOptions {
    bool eigenSmooth = false;
    // Score-CAM and Ablation-CAM: called before the first batch and after each with
    // (channels done, channels of all layers); false stops them (ds::Cancelled). Other methods
    // call it with (0, 1) and (1, 1).
    ProgressFn progress;
    int batch = 0;  // forwards per batch for the perturbation methods; 0: automatic
};

struct CamMap {
    std::string layer;
    int height = 0;
    int width = 0;
    std::vector<float> values;  // height * width, row-major, raw (not normalised), >= 0
    float max = 0.f;
    int argmaxY = 0, argmaxX = 0;  // first maximum in row-major order
};

struct CamResult {
    CamMethod method = CamMethod::GradCam;
    bool eigenSmooth = false;   // CamOptions::eigenSmooth as applied (false for the Eigen methods)
    Prediction target;          // the explained class: index, label, its softmax probability
    std::vector<Prediction> top;  // the image's top predictions (as classify's top-k)
    std::vector<CamMap> maps;     // in the order of the requested layers
};

// classIndex < 0: the top-1 class. topk: how many predictions `top` holds.
// head (optional, teach.h): the class logits are the head's on the pooled features instead of
// the model's classifier (classIndex, target and top then mean the head's classes, labelled
// with its names). Null: the engine's head (Engine::setHead) when it has one. The caller checks
// that the head fits the engine (checkHeadBackbone); a head for another feature count is a
// ConfigError.
CamResult computeCams(Engine& engine, const RgbImage& image, const std::vector<std::string>& layers,
                      CamMethod method, int classIndex = -1, int topk = 5,
                      const LinearHead* head = nullptr);
// The same on a preprocessed float32 CHW [3, H, W] input (tests compare with torchvision here).
CamResult computeCamsTensor(Engine& engine, const std::vector<float>& chw, int height, int width,
                            const std::vector<std::string>& layers, CamMethod method,
                            int classIndex = -1, int topk = 5, const LinearHead* head = nullptr);
// The same with options (eigen-smooth, progress for Score-CAM and Ablation-CAM).
CamResult computeCams(Engine& engine, const RgbImage& image, const std::vector<std::string>& layers,
                      CamMethod method, int classIndex, int topk, const LinearHead* head,
                      const CamOptions& options);
CamResult computeCamsTensor(Engine& engine, const std::vector<float>& chw, int height, int width,
                            const std::vector<std::string>& layers, CamMethod method,
                            int classIndex, int topk, const LinearHead* head,
                            const CamOptions& options);
// A CAM in steps, for callers that do other work in between (the app's worker): the
// constructor checks everything and runs the forward (and backward) pass; for Score-CAM and
// Ablation-CAM each step() runs one batch of CamOptions::batch forwards (automatic: 8 for
// Score-CAM, 8 to 64 for Ablation-CAM by the module's size), layer after layer; the other
// methods are finished at once. options.progress is not called (computeCams calls it). Holds
// `engine`, which must outlive it; the model must not change while it is used.
class CamComputation {
public:
    CamComputation(Engine& engine, const RgbImage& image, const std::vector<std::string>& layers,
                   CamMethod method, int classIndex = -1, int topk = 5,
                   const LinearHead* head = nullptr, const CamOptions& options = {});
    CamComputation(Engine& engine, const std::vector<float>& chw, int height, int width,
                   const std::vector<std::string>& layers, CamMethod method, int classIndex = -1,
                   int topk = 5, const LinearHead* head = nullptr, const CamOptions& options = {});
    ~CamComputation();
    CamComputation(const CamComputation&) = delete;
    CamComputation& operator=(const CamComputation&) = delete;

    int step();          // one more batch; returns done()
    int done() const;    // channels whose forward ran (all of them for the other methods)
    int total() const;   // channels of all layers
    bool finished() const;
    const Prediction& target() const;  // the explained class
    CamResult result();  // once finished()

private:
    CamComputation(Engine& engine, at::Tensor input, const std::vector<std::string>& layers,
                   CamMethod method, int classIndex, int topk, const LinearHead* head,
                   const CamOptions& options);
    struct State;
    std::unique_ptr<State> d;
};

// The modules of the app's CAM strip for this model, in forward order: features.pool0 (the
// stem's output), each dense block and each transition.
std::vector<std::string> camStripLayers(const DenseNetConfig& config);
// A class given as an index ("281") or a label ("tabby", case-insensitive, also "tabby cat"
// matching a label that starts so) -> index in [0, numClasses). The labels are `labels` when
// it has numClasses entries (Engine::labels()), else ImageNet's for 1000 classes, else
// "class N". ConfigError otherwise.
int parseClass(const std::string& text, int numClasses,
               const std::vector<std::string>& labels = {});

// ---------------------------------------------------------------------------------------------
// Dense connectivity (DenseNet paper, Figure 5), from the loaded weights. For dense block b with
// L layers, k0 input channels and growth rate k: value(s, l) for target l = 1..L and source
// s = 0..l-1 (0: the block input, s >= 1: dense layer s) is mean |W| over
// denselayer{l}.conv1.weight[:, slice(s)], slice(0) = [0, k0), slice(s) = [k0+(s-1)k, k0+sk).
// One more target: transition{b}.conv.weight over sources 0..L, or for the last block
// classifier.weight (norm5's channels in the same order).
struct BlockConnectivity {
    std::string name;                  // "features.denseblock1"
    std::vector<std::string> sources;  // "input", "denselayer1", ...
    std::vector<std::string> targets;  // "denselayer1", ..., "transition1" | "classifier"
    // values[t][s]: raw mean |W|; nullopt where source s does not feed target t (s >= t + 1
    // for dense layer targets).
    std::vector<std::vector<std::optional<double>>> values;
    // Channel range [first, first + count) of source s inside the block's output.
    std::vector<std::pair<int, int>> sourceChannels;
};
std::vector<BlockConnectivity> connectivity(Engine& engine);

// ---------------------------------------------------------------------------------------------
// Receptive field of one position of a module's output in the 224x224 network input: the
// largest input region any path through the module can see (for a dense layer, the path
// through every earlier layer of its block). Pure arithmetic on the config.
struct ReceptiveField {
    int size = 1;        // side of the square region, in input pixels
    int jump = 1;        // input pixels between neighbouring output positions
    double start = 0.5;  // centre of output position 0, in input pixel coordinates
};
ReceptiveField receptiveField(const DenseNetConfig& config, const std::string& layer);
// The region of output position (y, x), clipped to [0, inputSize): {x0, y0, x1, y1}, x1 and
// y1 exclusive.
std::array<int, 4> receptiveBox(const ReceptiveField& rf, int y, int x, int inputSize = 224);

// ---------------------------------------------------------------------------------------------
// Each channel's spatial maximum (and its first position) for one image: what "top images per
// channel" ranks by. From the engine's ordinary (fast) forward pass.
struct ChannelPeaks {
    std::string layer;
    int channels = 0, height = 0, width = 0;
    std::vector<float> max;      // per channel
    std::vector<int> argmax;     // per channel: y * width + x
};
ChannelPeaks channelPeaks(Engine& engine, const RgbImage& image, const std::string& layer);
// From a map already computed (FeatureMap from classify()).
ChannelPeaks channelPeaks(const FeatureMap& map);

// ---------------------------------------------------------------------------------------------
// Feature visualisation (the Lucid/Lucent recipe): gradient ascent on the channel's mean
// activation over a decorrelated, Fourier-parameterised 224x224 image, with random jitter,
// scale and rotation each step; the forward and backward stop at the module. Deterministic
// for a seed (on one device and thread count).
struct VisualizeOptions {
    int steps = 128;
    uint64_t seed = 0;
    double learningRate = 0.05;
};
struct VisualizeResult {
    std::string layer;
    int channel = 0;
    RgbImage image;                // 224 x 224, 8-bit
    float objectiveStart = 0.f;    // channel mean for the starting image (as saved in 8 bits)
    float objectiveEnd = 0.f;      // channel mean for `image` fed back (ToTensor + Normalize)
    std::vector<float> objective;  // per step, the objective on the transformed image
};
VisualizeResult visualizeChannel(Engine& engine, const std::string& layer, int channel,
                                 const VisualizeOptions& options = {},
                                 const ProgressFn& progress = {});
// visualizeChannel in steps, for callers that do other work in between (the app's worker runs
// a few steps per job step): the constructor checks the layer and channel and makes the
// starting image; run() continues. Running all steps gives exactly visualizeChannel's result.
// Holds `engine` (which must outlive it); the model must not change while it is used.
class ChannelVisualizer {
public:
    ChannelVisualizer(Engine& engine, const std::string& layer, int channel,
                      const VisualizeOptions& options = {});
    ~ChannelVisualizer();
    ChannelVisualizer(const ChannelVisualizer&) = delete;
    ChannelVisualizer& operator=(const ChannelVisualizer&) = delete;

    // Runs up to `count` more steps (fewer at the end); returns the steps done so far.
    int run(int count);
    int stepsDone() const;
    int steps() const;
    bool finished() const { return stepsDone() >= steps(); }
    const std::vector<float>& objective() const;  // per step so far
    float objectiveStart() const;
    RgbImage currentImage() const;  // the image as it is now, 224 x 224, 8-bit
    // Once finished(): the result, with objectiveEnd for the final 8-bit image.
    VisualizeResult result();

private:
    struct State;
    std::unique_ptr<State> d;
};

// The channel's mean activation for an already preprocessed 224x224 8-bit image (no resize).
float channelObjective(Engine& engine, const RgbImage& image224, const std::string& layer, int channel);

// ---------------------------------------------------------------------------------------------
// Statistics of one channel of a map, and the whole map's per-channel means.
struct ChannelStatistics {
    float min = 0.f, max = 0.f;
    double mean = 0.0, stddev = 0.0;     // population standard deviation
    double fractionNonPositive = 0.0;    // share of values <= 0
    // Histogram of `bins` equal-width bins over [min, max] (the last bin includes max), binned
    // as numpy.histogram(values, bins, range=(min, max)) in double; a constant channel has all
    // its values in the first bin. Bin i spans [min + i (max - min) / bins, ...).
    std::vector<int64_t> histogram;
};
// ConfigError for a channel outside [0, map.channels) or bins outside [1, 100000]. The map's
// per-channel means are FeatureMap::channelMean.
ChannelStatistics channelStatistics(const FeatureMap& map, int channel, int bins = 64);
// The histogram's bins + 1 edges, as numpy.histogram returns them (for a constant channel:
// min, min + 1, ..., one unit per bin).
std::vector<double> histogramEdges(const ChannelStatistics& stats);

}  // namespace ds
