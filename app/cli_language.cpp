#include "cli_language.h"

#include "cli_common.h"
#include "i18n.h"

namespace cli {

void useLanguage(const QString& code) {
    const QString language = code.trimmed().toLower();
    if (!ds::i18n::isLanguage(language))
        throw UsageError("--language '" + code.toStdString() +
                         "' is not available: use en (English) or ja (Japanese).");
    // Handouts are in the language asked for (English by default), never the saved app choice.
    if (!ds::i18n::installTranslations(language))
        throw UsageError("The " + language.toStdString() + " translation could not be loaded.");
}

}  // namespace cli
