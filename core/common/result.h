#pragma once

#include "diagnostic.h"

#include <optional>
#include <utility>

namespace sift {

// A value or the diagnostics explaining why there is none. Core code reports failure this way
// and never by showing UI; callers decide how to present the diagnostics.
template <typename T>
class Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Diagnostic failure) : m_diagnostics{std::move(failure)} {}
    static Result failure(Diagnostics diagnostics)
    {
        Result r{Diagnostic{}};
        r.m_diagnostics = std::move(diagnostics);
        return r;
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    T &value() { return *m_value; }
    const T &value() const { return *m_value; }
    T &operator*() { return *m_value; }
    const T &operator*() const { return *m_value; }
    T *operator->() { return &*m_value; }
    const T *operator->() const { return &*m_value; }
    const Diagnostics &diagnostics() const { return m_diagnostics; }
    // The first diagnostic's text, for callers that show a single line.
    QString errorText() const { return m_diagnostics.isEmpty() ? QString() : m_diagnostics.first().toString(); }

private:
    std::optional<T> m_value;
    Diagnostics m_diagnostics;
};

// For operations that produce nothing but may fail.
struct Done
{
};
using Status = Result<Done>;

} // namespace sift
