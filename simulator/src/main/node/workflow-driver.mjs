// Runs Amazon States Language definitions on aws-local-stepfunctions for the Java simulator.
//
// Protocol: JSON lines on stdin/stdout. Java sends
//   {"type":"start","execution":ID,"definition":{...},"input":{...},"context":{...}}
//   {"type":"result","call":N,"output":...}  |  {"type":"error","call":N,"error":"Name","cause":"..."}
//   {"type":"resume","call":N}               (a virtual wait is over)
//   {"type":"abort","execution":ID}          (the execution is stopped by hand, as StopExecution does; the
//                                             pending task never returns)
// and the driver sends
//   {"type":"invoke","execution":ID,"call":N,"state":NAME,"input":...}   (a Task state)
//   {"type":"wait","execution":ID,"call":N,"state":NAME,"seconds":S}      (a Wait state, in virtual time)
//   {"type":"done","execution":ID,"status":"SUCCEEDED"|"FAILED"|"ABORTED","output":...,"error":...,"cause":...,
//    "stateTransitions":N,"statesVisited":[...]}   (transitions = states entered + retries)
//
// Wait states are rewritten into Task states answered by Java's clock, so no real time passes and Java
// decides when time moves; Retry pauses are set to zero for the same reason. Everything else is the
// definition as written.
import readline from 'node:readline';

// aws-local-stepfunctions 3 declares Node >= 22 and uses Promise.withResolvers, which Node 20 lacks;
// this is the only Node 22 API it needs for the states our workflow uses (the workflow tests prove it).
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
const { StateMachine } = await import('aws-local-stepfunctions');

const pending = new Map();
const runners = new Map();
let nextCall = 1;

function send(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

function ask(message) {
  const call = nextCall++;
  return new Promise((resolve, reject) => {
    pending.set(call, { resolve, reject });
    send({ ...message, call });
  });
}

// The seconds a Wait state asks for; SecondsPath is a plain "$.a.b" path into the state's input.
function waitSeconds(state, input) {
  if (state.Seconds !== undefined) return state.Seconds;
  if (state.SecondsPath !== undefined) {
    let value = input;
    for (const key of state.SecondsPath.replace(/^\$\.?/, '').split('.').filter(Boolean)) value = value?.[key];
    if (typeof value !== 'number') throw new Error(`SecondsPath ${state.SecondsPath} is not a number`);
    return value;
  }
  throw new Error('only Seconds and SecondsPath waits are supported by the virtual clock');
}

// Rewrites Wait states into Task states (recursively, into Map iterators and Parallel branches) and
// collects every Task and Wait state so each can be overridden by name.
function virtualize(definition, execution, handlers, retryStates) {
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Wait') {
      const wait = { ...state };
      definition.States[name] = {
        Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:virtual-wait',
        ...(state.InputPath !== undefined && { InputPath: state.InputPath }),
        ...(state.OutputPath !== undefined && { OutputPath: state.OutputPath }),
        ResultPath: null,
        ...(state.Next !== undefined && { Next: state.Next }),
        ...(state.End !== undefined && { End: state.End }),
      };
      handlers[name] = async (input) => {
        await ask({ type: 'wait', execution, state: name, seconds: waitSeconds(wait, input) });
        return input;
      };
    } else if (state.Type === 'Task') {
      handlers[name] = (input) => ask({ type: 'invoke', execution, state: name, input });
    }
    if (state.Retry) retryStates[name] = 0;
    const nested = state.ItemProcessor ?? state.Iterator;
    if (nested) virtualize(nested, execution, handlers, retryStates);
    for (const branch of state.Branches ?? []) virtualize(branch, execution, handlers, retryStates);
  }
}

// Definitions already validated in this process. Validation takes about 140 ms a definition (a JSON schema check),
// more than the rest of a typical execution, and a simulation starts the same definition a hundred times a day.
const validated = new Set();

async function run({ execution, definition, input, context }) {
  const handlers = {};
  const retryStates = {};
  const key = JSON.stringify(definition);
  virtualize(definition, execution, handlers, retryStates);
  const machine = new StateMachine(definition, { validationOptions: { checkArn: false, noValidate: validated.has(key) } });
  validated.add(key);
  const runner = machine.run(input, {
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retryStates },
    context,
  });
  runners.set(execution, runner);
  // Step Functions bills a retry as a transition too.
  const statesVisited = [];
  let retries = 0;
  const collect = (async () => {
    for await (const event of runner.eventLogs) {
      if (event.type === 'StateEntered') statesVisited.push(event.state.name);
      if (event.type === 'StateRetried') retries++;
    }
  })();
  const done = { type: 'done', execution };
  try {
    done.output = await runner.result;
    done.status = 'SUCCEEDED';
  } catch (error) {
    const aborted = error.name === 'ExecutionAbortedError' || error.constructor?.name === 'ExecutionAbortedError';
    done.status = aborted ? 'ABORTED' : 'FAILED';
    done.error = aborted ? 'States.Aborted' : error.cause?.name ?? error.name;
    done.cause = aborted ? 'stopped by hand' : error.cause?.message ?? error.message;
  }
  runners.delete(execution);
  await collect;
  done.stateTransitions = statesVisited.length + retries;
  done.statesVisited = statesVisited;
  send(done);
}

function namedError(name, cause) {
  const error = new Error(cause ?? name);
  error.name = name;
  return error;
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (!line.trim()) return;
  const message = JSON.parse(line);
  if (message.type === 'start') {
    run(message).catch((error) => send({ type: 'done', execution: message.execution, status: 'FAILED',
      error: 'DriverError', cause: String(error?.stack ?? error), stateTransitions: 0, statesVisited: [] }));
    return;
  }
  if (message.type === 'abort') {
    runners.get(message.execution)?.abort();
    return;
  }
  const waiter = pending.get(message.call);
  if (!waiter) return;
  pending.delete(message.call);
  if (message.type === 'error') waiter.reject(namedError(message.error, message.cause));
  else waiter.resolve(message.type === 'resume' ? null : message.output);
});
lines.on('close', () => process.exit(0));
