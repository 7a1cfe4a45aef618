#include <exception>

#include "hearth/remote/provider.h"

namespace hearth::remote {

ChainResult complete_with_fallback(std::span<Provider* const> chain, const RemoteRequest& request,
                                   const DeltaSink& on_delta, const CancelCheck& cancelled,
                                   std::vector<Attempt>* failures) {
  if (chain.empty()) raise(ErrorKind::invalid_argument, "a fallback chain needs a provider");
  ChainResult chain_result;
  const auto report = [&] {
    if (failures != nullptr) *failures = chain_result.failures;
  };
  std::exception_ptr last_failure;
  for (Provider* provider : chain) {
    try {
      chain_result.result = provider->complete(request, on_delta, cancelled);
      chain_result.provider = provider;
      report();
      return chain_result;
    } catch (const RemoteError& error) {
      // Text already given to the caller cannot be taken back, and a
      // cancelled call is not to be made elsewhere.
      if (error.output_started() || error.failure() == FailureKind::cancelled) {
        report();
        throw;
      }
      chain_result.failures.push_back({provider->name(), error.failure(), error.message()});
      last_failure = std::current_exception();
    }
  }
  report();
  std::rethrow_exception(last_failure);
}

}  // namespace hearth::remote
