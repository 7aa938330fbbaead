#pragma once
// ScopedEnv: sets (or unsets) an environment variable for one scope and restores the old
// value (or its absence) when the scope ends, also when a QVERIFY/QCOMPARE returns early.
#include <QByteArray>
#include <QtGlobal>

#include <optional>

namespace fixtures {

class ScopedEnv {
public:
    // value nullopt: unset for the scope.
    ScopedEnv(const char* name, std::optional<QByteArray> value) : m_name(name) {
        if (qEnvironmentVariableIsSet(name)) m_saved = qgetenv(name);
        set(value);
    }
    ~ScopedEnv() { set(m_saved); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    void set(const std::optional<QByteArray>& value) {
        if (value)
            qputenv(m_name, *value);
        else
            qunsetenv(m_name);
    }
    const char* m_name;
    std::optional<QByteArray> m_saved;
};

}  // namespace fixtures
