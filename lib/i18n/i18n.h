#pragma once
// The languages of DenseScope's user interface and how one is chosen and installed.
//
// English is the source language (the strings in the code); Japanese comes from
// resources/translations/densescope_ja.ts, compiled to .qm by CMake (lrelease) and embedded in
// this library. docs/translating.md explains how to update it.
//
// The choice: --language en|ja on the command line, else the one saved from View → Language,
// else the system's (QLocale::system()): Japanese when the system language is Japanese,
// otherwise English.
#include <QString>
#include <QStringList>

namespace ds::i18n {

// "en", "ja": the languages there is a user interface in.
QStringList languages();
// The language's own name, for menus: "English", "日本語".
QString nativeName(const QString& language);
// True for "en" and "ja".
bool isLanguage(const QString& language);
// "system" (or empty) → the system's language if DenseScope has it, else "en"; a language
// code → itself. Unknown codes give "en".
QString resolve(const QString& choice);

// View → Language's remembered choice: "system", "en" or "ja" (QSettings key ui/language).
QString savedChoice();
void saveChoice(const QString& choice);

// Installs DenseScope's translation and Qt's own (standard dialogs, shortcuts) for `language`
// ("en" or "ja") into the running QCoreApplication, replacing any installed before.
// Returns false, and installs nothing, for a language DenseScope has no translation for.
bool installTranslations(const QString& language);
// The language installed last ("en" until installTranslations succeeds with another).
QString currentLanguage();

}  // namespace ds::i18n
