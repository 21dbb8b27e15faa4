export { buildProgram, runProgram, type SubcommandRegistration } from './program';
export { main } from './main';
