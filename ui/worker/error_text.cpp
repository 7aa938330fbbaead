#include "error_text.h"

#include <QCoreApplication>

#include <new>

#include "densescope/errors.h"
#include "i18n.h"

namespace ds::ui {
namespace {

QString headline(const std::exception& e) {
    if (dynamic_cast<const WeightsError*>(&e))
        return QCoreApplication::translate("ds::ui::ErrorText", "These weights cannot be used.");
    if (dynamic_cast<const ConfigError*>(&e))
        return QCoreApplication::translate(
            "ds::ui::ErrorText", "This layout does not describe a DenseNet that can be built.");
    if (dynamic_cast<const DeviceError*>(&e))
        return QCoreApplication::translate("ds::ui::ErrorText",
                                           "The chosen device cannot be used.");
    if (dynamic_cast<const LayerError*>(&e))
        return QCoreApplication::translate("ds::ui::ErrorText", "The model has no such layer.");
    if (dynamic_cast<const ImageError*>(&e))
        return QCoreApplication::translate("ds::ui::ErrorText", "The image cannot be used.");
    return QCoreApplication::translate("ds::ui::ErrorText", "The operation failed.");
}

}  // namespace

QString errorText(const std::exception& error) {
    if (dynamic_cast<const std::bad_alloc*>(&error))
        return QCoreApplication::translate(
            "ds::ui::ErrorText",
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
    return QCoreApplication::translate("ds::ui::ErrorText", "%1\nDetails (in English): %2")
        .arg(headline(error), detail);
}

}  // namespace ds::ui
