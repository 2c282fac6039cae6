#pragma once
/// How to write an agent type: a private `State` and handlers, declared once.
///
///   struct counter { int64_t n = 0; };
///   agent_type counter_type() {
///     return define_agent<counter>("counter")
///       .summary("counts Text messages")
///       .on<demo::Text>([](counter& s, agent_context&, const demo::Text&) {
///         ++s.n;
///       })
///       .tool(add_spec, [](counter&, agent_context&, const nlohmann::json& a) {
///         return tool_result::ok(a["a"].get<double>() + a["b"].get<double>());
///       })
///       .build();
///   }
///
/// Handlers run on the agent's actor, one message at a time: state needs no
/// locks. `on<T>` handlers get the verified FlatBuffers table; they return a
/// `reply` (or nothing). `State` is built from `(agent_context&, const
/// agent_args&)`, `(const agent_args&)` or `()`, whichever it offers.
/// See docs/writing-an-agent.md.

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include <caf/actor.hpp>
#include <caf/expected.hpp>
#include <caf/message.hpp>
#include <caf/message_view.hpp>
#include <nlohmann/json.hpp>

#include "aip/agents/agent_blueprint.hpp"
#include "aip/agents/agent_context.hpp"
#include "aip/agents/payload.hpp"

namespace aip {

namespace detail {

template <class State>
struct state_box final : agent_state_base {
  template <class... Ts>
  explicit state_box(Ts&&... xs) : value(std::forward<Ts>(xs)...) {}
  State value;
};

template <class State>
State& unbox(agent_state_base& base) {
  return static_cast<state_box<State>&>(base).value;
}

/// Calls `f` and turns a void result into an empty reply.
template <class F, class... Ts>
reply call_handler(F& f, Ts&&... xs) {
  if constexpr (std::is_void_v<std::invoke_result_t<F&, Ts...>>) {
    f(std::forward<Ts>(xs)...);
    return reply{};
  } else {
    return reply{f(std::forward<Ts>(xs)...)};
  }
}

} // namespace detail

template <class State>
class agent_definition {
public:
  explicit agent_definition(std::string name)
    : bp_(std::make_shared<agent_blueprint>()) {
    type_.name = std::move(name);
    bp_->klass = type_.name;
    bp_->make_state = [](agent_context& ctx, const agent_args& args)
      -> agent_blueprint::state_ptr {
      using box = detail::state_box<State>;
      if constexpr (std::is_constructible_v<State, agent_context&,
                                            const agent_args&>)
        return std::make_unique<box>(ctx, args);
      else if constexpr (std::is_constructible_v<State, const agent_args&>)
        return std::make_unique<box>(args);
      else
        return std::make_unique<box>();
    };
  }

  agent_definition& summary(std::string text) {
    type_.summary = std::move(text);
    return *this;
  }

  /// An `args:` key the config may set (checked by `aip check`).
  agent_definition& arg(std::string name, arg_kind kind, std::string help,
                        bool required = false) {
    type_.args.push_back({std::move(name), kind, std::move(help), required});
    return *this;
  }

  /// Handles payloads of FlatBuffers table `T`: f(State&, agent_context&,
  /// const T&) -> reply or void. A payload that does not verify is answered
  /// `invalid_input` before `f` runs.
  template <class T, class F>
  agent_definition& on(F f) {
    std::string type = T::GetFullyQualifiedName();
    bp_->handlers[type]
      = [f = std::move(f), type](agent_state_base& s, agent_context& ctx,
                                 const envelope& e) mutable -> reply {
      auto* body = read_payload<T>(e);
      if (body == nullptr)
        return reply::error(request_errc::invalid_input,
                            ctx.identity().path + ": payload is not a valid "
                              + type);
      return detail::call_handler(f, detail::unbox<State>(s), ctx, *body);
    };
    return *this;
  }

  /// Handles every payload type without an `on<T>`: f(State&,
  /// agent_context&, const envelope&) -> reply or void.
  template <class F>
  agent_definition& on_any(F f) {
    bp_->fallback = [f = std::move(f)](agent_state_base& s, agent_context& ctx,
                                       const envelope& e) mutable -> reply {
      return detail::call_handler(f, detail::unbox<State>(s), ctx, e);
    };
    return *this;
  }

  /// Offers a tool: f(State&, agent_context&, const nlohmann::json& args)
  /// -> tool_result. The broker has validated `args` against
  /// `spec.input_schema` before `f` sees them.
  template <class F>
  agent_definition& tool(tool_spec spec, F f) {
    auto name = spec.name;
    bp_->tools.push_back(std::make_shared<const tool_spec>(std::move(spec)));
    bp_->tool_fns[name]
      = [f = std::move(f)](agent_state_base& s, agent_context& ctx,
                           const nlohmann::json& args) mutable {
          return tool_result{f(detail::unbox<State>(s), ctx, args)};
        };
    return *this;
  }

  /// A free-form capability others can address (`address::of_capability`).
  agent_definition& skill(std::string name) {
    bp_->skills.push_back(std::move(name));
    return *this;
  }

  /// f(State&, agent_context&): after the state is made, before the first
  /// message. An agent with this hook starts eagerly.
  template <class F>
  agent_definition& on_start(F f) {
    bp_->on_start = [f = std::move(f)](agent_state_base& s,
                                       agent_context& ctx) mutable {
      f(detail::unbox<State>(s), ctx);
    };
    return *this;
  }

  /// f(State&, agent_context&, const std::string& reason): when the
  /// incarnation ends for any reason (not after a kill).
  template <class F>
  agent_definition& on_stop(F f) {
    bp_->on_stop = [f = std::move(f)](agent_state_base& s, agent_context& ctx,
                                      const std::string& why) mutable {
      f(detail::unbox<State>(s), ctx, why);
    };
    return *this;
  }

  /// f(State&, agent_context&, const delivery_failure&): a one-way send of
  /// this agent was refused (overloaded, unknown recipient, expired).
  template <class F>
  agent_definition& on_undelivered(F f) {
    bp_->on_undelivered = [f = std::move(f)](agent_state_base& s,
                                             agent_context& ctx,
                                             const delivery_failure& x) mutable {
      f(detail::unbox<State>(s), ctx, x);
    };
    return *this;
  }

  /// Escape hatch for agents that also speak plain CAF messages (not
  /// envelopes): f(State&, caf::message_view&) -> caf::message, the reply
  /// (empty: none). Used by `echo` and `sink` so benchmarks can compare
  /// them with raw CAF actors.
  template <class F>
  agent_definition& on_raw(F f) {
    bp_->on_raw = [f = std::move(f)](agent_state_base& s,
                                     caf::message_view& x) mutable {
      return f(detail::unbox<State>(s), x);
    };
    return *this;
  }

  /// The agent handles its own stop (see agent_type::traps_exit).
  agent_definition& traps_exit(bool value = true) {
    type_.traps_exit = value;
    return *this;
  }

  agent_type build() const {
    auto result = type_;
    std::shared_ptr<const agent_blueprint> bp = bp_;
    result.spawn = [bp](caf::local_actor* parent, const agent_args&,
                        const spawn_site& site) {
      return spawn_agent(bp, parent, site);
    };
    return result;
  }

private:
  agent_type type_;
  std::shared_ptr<agent_blueprint> bp_;
};

template <class State>
agent_definition<State> define_agent(std::string name) {
  return agent_definition<State>{std::move(name)};
}

} // namespace aip
