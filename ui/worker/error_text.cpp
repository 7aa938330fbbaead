#include "error_text.h"

#include <QCoreApplication>
#include <QDir>

#include <new>

#include "densescope/errors.h"
#include "i18n.h"

namespace ds::ui {
namespace {

// The context of these messages in the .ts file (lupdate reads ErrorText::tr).
class ErrorText {
    Q_DECLARE_TR_FUNCTIONS(ds::ui::ErrorText)
};

QString headline(const std::exception& e) {
    if (dynamic_cast<const WeightsError*>(&e))
        return ErrorText::tr("These weights cannot be used.");
    if (dynamic_cast<const ConfigError*>(&e))
        return ErrorText::tr("This layout does not describe a DenseNet that can be built.");
    if (dynamic_cast<const DeviceError*>(&e))
        return ErrorText::tr("The chosen device cannot be used.");
    if (dynamic_cast<const LayerError*>(&e)) return ErrorText::tr("The model has no such layer.");
    if (dynamic_cast<const ImageError*>(&e)) return ErrorText::tr("The image cannot be used.");
    return ErrorText::tr("The operation failed.");
}

// The error in the language shown, from its kind and values; empty for a kind without its
// own wording (ErrorKind::Other): then the headline and core's English follow.
QString worded(const Error& e) {
    const auto v = [&e](const char* name) { return QString::fromStdString(e.value(name)); };
    const auto file = [&v] { return QDir::toNativeSeparators(v("file")); };
    const auto count = [&v](const char* name) { return v(name).toInt(); };
    switch (e.kind()) {
        case ErrorKind::Other:
            return {};
        case ErrorKind::WeightsOtherLayout: {
            const auto layout = [&v](const char* name, const char* layout) {
                return v(name) == QLatin1String("custom")
                           ? ErrorText::tr("a custom DenseNet (%1)").arg(v(layout))
                           : QStringLiteral("%1 (%2)").arg(v(name), v(layout));
            };
            return ErrorText::
                tr("These weights are %1, not %2: choose the variant or layout that matches the "
                   "file (%3).")
                    .arg(layout("foundName", "foundLayout"), layout("modelName", "modelLayout"),
                         file());
        }
        case ErrorKind::WeightsOtherClasses:
            return ErrorText::
                tr("The classifier in %1 has %2 classes, but the model's has %3: set the number "
                   "of classes to %2.")
                    .arg(file(), v("found"), v("model"));
        case ErrorKind::WeightsKeys: {
            QStringList parts;
            if (count("missing"))
                parts << ErrorText::tr("%n missing key(s)", nullptr, count("missing"));
            if (count("unexpected"))
                parts << ErrorText::tr("%n unexpected key(s)", nullptr, count("unexpected"));
            if (count("mismatched"))
                parts << ErrorText::tr("%n shape mismatch(es)", nullptr, count("mismatched"));
            if (count("duplicated"))
                parts << ErrorText::tr("%n duplicated key(s)", nullptr, count("duplicated"));
            return ErrorText::tr(
                       "The weights in %1 do not fit the model: %2 (for example %3). The file was "
                       "made for a different model.")
                .arg(file(), parts.join(ErrorText::tr(", ")), v("keys"));
        }
        case ErrorKind::WeightsCorrupt:
            return ErrorText::tr(
                       "%1 is damaged and cannot be read as weights: download or save it again.")
                .arg(file());
        case ErrorKind::WeightsTruncated:
            return ErrorText::tr(
                       "%1 is truncated: it has %2 bytes, but %3 more bytes are needed at byte %4. "
                       "Download or save the file again.")
                .arg(file(), v("size"), v("needed"), v("offset"));
        case ErrorKind::WeightsUnsupported: {
            const QString reason = v("reason");
            if (reason == QLatin1String("pickle-code"))
                return ErrorText::tr(
                           "%1 is a Python pickle that runs code (%2) when it is loaded, not a "
                           "torch.save file: DenseScope does not run code from weight files. Use a "
                           "state dict saved with torch.save, or a .safetensors file.")
                    .arg(file(), v("code"));
            if (reason == QLatin1String("big-endian"))
                return ErrorText::tr(
                           "%1 was saved on a big-endian machine; DenseScope reads little-endian "
                           "files only.")
                    .arg(file());
            if (reason == QLatin1String("unknown-protocol"))
                return ErrorText::tr(
                           "%1 uses a torch.save version DenseScope does not know: save it again "
                           "with a current PyTorch.")
                    .arg(file());
            if (reason == QLatin1String("unknown-format"))
                return ErrorText::tr(
                           "%1 is not a weights file DenseScope can read (it starts with the bytes "
                           "%2): use a PyTorch .pth file or a .safetensors file.")
                    .arg(file(), v("bytes"));
            return ErrorText::tr(
                       "%1 is not a torch.save file: use a state dict saved with torch.save, or a "
                       ".safetensors file.")
                .arg(file());
        }
        case ErrorKind::WeightsEmpty:
            return ErrorText::tr("%1 is empty: download or save the weights again.").arg(file());
        case ErrorKind::WeightsSpec:
            return ErrorText::tr(
                       "“%1” is not a valid weights choice: use random, random:SEED (a whole "
                       "number), imagenet or the path of a .pth or .safetensors file.")
                .arg(v("spec"));
        case ErrorKind::WeightsNoImagenet:
            return ErrorText::tr(
                       "There are no official ImageNet weights for %1: torchvision publishes them "
                       "only for densenet121, densenet161, densenet169 and densenet201. Use random "
                       "weights or a weights file of your own.")
                .arg(v("variant"));
        case ErrorKind::WeightsNotDownloaded:
            return ErrorText::tr(
                       "The ImageNet weights for %1 are not in %2: download them from the Weights "
                       "menu, or put %3 there by hand.")
                .arg(v("variant"), QDir::toNativeSeparators(v("dir")), v("url"));
        case ErrorKind::FileNotFound:
            return ErrorText::tr("%1 does not exist: check the path.").arg(file());
        case ErrorKind::FileUnreadable:
            return ErrorText::tr("%1 cannot be opened (%2): check that it is a file you may read.")
                .arg(file(), v("reason"));
        case ErrorKind::NotRegularFile:
            return ErrorText::tr(
                       "%1 is not a regular file (%2): save the weights to a file first and open "
                       "that file.")
                .arg(file(), v("type"));
        case ErrorKind::UnknownVariant:
            return ErrorText::tr(
                       "There is no variant named “%1”. Choose one of %2, or give a custom layout "
                       "(growth rate and blocks).")
                .arg(v("name"), v("known"));
        case ErrorKind::BadBlockLayout:
            if (v("token").isEmpty())
                return ErrorText::tr(
                    "The block layout is empty: give the number of Dense Layers in each "
                    "Dense Block, like 6,12,24,16.");
            return ErrorText::tr(
                       "In the block layout “%1”, “%2” is not a number of layers from 1 to 1000: "
                       "write it like 6,12,24,16.")
                .arg(v("text"), v("token"));
        case ErrorKind::ValueOutOfRange: {
            const QString what = v("what");
            QString name;
            if (what == QLatin1String("growth-rate"))
                name = ErrorText::tr("Growth rate k");
            else if (what == QLatin1String("blocks"))
                name = ErrorText::tr("The number of Dense Blocks");
            else if (what == QLatin1String("block-layers"))
                name = ErrorText::tr("The number of Dense Layers in a Dense Block");
            else if (what == QLatin1String("init-features"))
                name = ErrorText::tr("Initial features");
            else if (what == QLatin1String("bn-size"))
                name = ErrorText::tr("bn_size");
            else if (what == QLatin1String("compression"))
                name = ErrorText::tr("Compression θ");
            else if (what == QLatin1String("drop-rate"))
                name = ErrorText::tr("Drop rate");
            else if (what == QLatin1String("classes"))
                name = ErrorText::tr("The number of classes");
            else
                return {};
            if (what == QLatin1String("compression"))
                return ErrorText::tr(
                           "%1 = %2 is out of range: use a value above 0 and at most 1, "
                           "e.g. 0.5.")
                    .arg(name, v("value"));
            return ErrorText::tr("%1 = %2 is out of range: use %3 to %4.")
                .arg(name, v("value"), v("min"), v("max"));
        }
        case ErrorKind::BadLayout: {
            const QString rule = v("rule");
            if (rule == QLatin1String("too-many-channels"))
                return ErrorText::tr(
                           "This layout grows to %1 channels, more than 100000: use fewer "
                           "layers or a smaller growth rate.")
                    .arg(v("value"));
            if (rule == QLatin1String("no-channels"))
                return ErrorText::tr(
                           "Compression %1 leaves no channels after Transition Layer %2: "
                           "use a larger compression.")
                    .arg(v("value"), v("transition"));
            if (rule == QLatin1String("input-too-small"))
                return ErrorText::tr(
                           "A %1×%1 input is too small for %2 Dense Blocks: each "
                           "Transition Layer halves the feature maps, so only %3 fit. Use "
                           "fewer blocks.")
                    .arg(v("value"), v("blocks"), v("fit"));
            return {};
        }
        case ErrorKind::LabelsCount:
            return ErrorText::tr(
                       "The labels file names %1 classes, but the model has %2: give one label per "
                       "line for each class.")
                .arg(v("labels"), v("classes"));
        case ErrorKind::ImageDecode:
        case ErrorKind::ImageTooLarge:
            return {};  // worded where they are made, in the language shown (densescope_imageio)
        case ErrorKind::UnknownLayer:
            return ErrorText::tr(
                       "The model has no layer named “%1”. Layer names are torchvision's module "
                       "names, e.g. %2 (%3 in this model).")
                .arg(v("name"), v("examples"), v("count"));
        case ErrorKind::NoGpu:
            return v("reason") == QLatin1String("cpu-only")
                       ? ErrorText::tr(
                             "CUDA was chosen, but this build of DenseScope runs on the CPU only: "
                             "choose Auto or CPU.")
                       : ErrorText::tr(
                             "CUDA was chosen, but no usable GPU or driver was found: choose Auto "
                             "or "
                             "CPU.");
        case ErrorKind::OutOfMemory: {
            const QString doing = v("doing");
            if (doing == QLatin1String("estimate"))  // before a load: the layout is too large
                return ErrorText::tr(
                           "This layout needs about %1 of memory, but this computer has "
                           "%2 available. Use fewer layers per block, a smaller growth "
                           "rate or fewer initial features, or close other programs.")
                    .arg(v("need"), v("available"));
            QString text = v("gpu") == QLatin1String("1")
                               ? ErrorText::tr("Out of GPU memory (%1).").arg(v("model"))
                               : ErrorText::tr("Out of memory (%1).").arg(v("model"));
            if (!v("need").isEmpty())
                text += QLatin1Char(' ') +
                        (v("available").isEmpty()
                             ? ErrorText::tr("The model needs about %1.").arg(v("need"))
                             : ErrorText::tr("The model needs about %1; %2 is available now.")
                                   .arg(v("need"), v("available")));
            text += QLatin1Char(' ') +
                    ErrorText::tr("Use a smaller model or layout, or close other programs.");
            return text;
        }
        case ErrorKind::Cancelled:
            return ErrorText::tr("Cancelled.");
    }
    return {};
}

}  // namespace

QString errorText(const std::exception& error) {
    if (dynamic_cast<const std::bad_alloc*>(&error))
        return ErrorText::tr(
            "Out of memory. Try a smaller model or image, or close other programs.");
    if (const auto* head = dynamic_cast<const HeadAsWeightsError*>(&error))
        return QCoreApplication::translate(
                   "ds::ui::ErrorText",
                   "%1 is a Teach head (%2 taught classes), not the weights of a network. "
                   "Open it in the Teach tab (Teach → Open…), with the network and weights it "
                   "was taught on loaded.")
            .arg(QString::fromStdString(head->source))
            .arg(head->classes);
    const QString detail = QString::fromUtf8(error.what());
    // English is core's own language; image messages are translated where they are made.
    if (i18n::currentLanguage() == QLatin1String("en") || dynamic_cast<const ImageError*>(&error))
        return detail;
    if (const auto* e = dynamic_cast<const Error*>(&error)) {
        const QString text = worded(*e);
        if (!text.isEmpty()) return text;
    }
    return ErrorText::tr("%1\nDetails (in English): %2").arg(headline(error), detail);
}

}  // namespace ds::ui
