/*
 * lua-embed: a C program that embeds Lua through liblua.a (the lua5.4
 * port's library), the way an application adds a scripting language.
 *
 *   lua-embed                 run the built-in demonstration
 *   lua-embed SCRIPT [ARG...] run SCRIPT with the host functions below and
 *                             `arg` set as lua sets it; status 1 on error
 *
 * The C side registers functions (`sum`, `split`), a library table
 * (`host.name`, `host.twice`) and a userdata type with methods and a
 * finalizer (`host.counter`), runs chunks, calls Lua functions with
 * arguments and results, reads Lua tables, resumes a Lua coroutine and
 * reports errors with a traceback. It prints only what is the same on any
 * machine (no addresses, no iteration order of hash tables).
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <string.h>

#define COUNTER "embed.Counter"

/* sum(...): the sum of its arguments, which must be numbers. */
static int c_sum(lua_State *L)
{
    int n = lua_gettop(L);
    lua_Number total = 0;
    int all_integers = 1;
    lua_Integer itotal = 0;
    for (int i = 1; i <= n; i++) {
        if (lua_isinteger(L, i))
            itotal += lua_tointeger(L, i);
        else
            all_integers = 0;
        total += luaL_checknumber(L, i);
    }
    if (all_integers)
        lua_pushinteger(L, itotal);
    else
        lua_pushnumber(L, total);
    return 1;
}

/* split(s, sep): a sequence of the parts of s between single-character
 * separators (sep defaults to ","). */
static int c_split(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *sep = luaL_optstring(L, 2, ",");
    luaL_argcheck(L, strlen(sep) == 1, 2, "one character expected");
    lua_newtable(L);
    lua_Integer index = 1;
    const char *start = s, *end = s + len;
    for (const char *p = s; p <= end; p++) {
        if (p == end || *p == sep[0]) {
            lua_pushlstring(L, start, (size_t)(p - start));
            lua_rawseti(L, -2, index++);
            start = p + 1;
        }
    }
    return 1;
}

/* host.twice(f, x): calls the Lua function f twice, f(f(x)), from C. */
static int c_twice(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, 2);
    for (int round = 0; round < 2; round++) {
        lua_pushvalue(L, 1);
        lua_insert(L, -2);
        lua_call(L, 1, 1);
    }
    return 1;
}

/* A counter userdata: host.counter(start), c:add(n), c:get(), tostring(c),
 * and a finalizer that says when the collector frees it. */
typedef struct {
    lua_Integer value;
    int id;
} Counter;

static int counters_made;

static int counter_new(lua_State *L)
{
    lua_Integer start = luaL_optinteger(L, 1, 0);
    Counter *c = lua_newuserdatauv(L, sizeof *c, 0);
    c->value = start;
    c->id = ++counters_made;
    luaL_setmetatable(L, COUNTER);
    return 1;
}

static int counter_add(lua_State *L)
{
    Counter *c = luaL_checkudata(L, 1, COUNTER);
    c->value += luaL_optinteger(L, 2, 1);
    lua_settop(L, 1);
    return 1; /* the counter itself, so that calls chain */
}

static int counter_get(lua_State *L)
{
    Counter *c = luaL_checkudata(L, 1, COUNTER);
    lua_pushinteger(L, c->value);
    return 1;
}

static int counter_tostring(lua_State *L)
{
    Counter *c = luaL_checkudata(L, 1, COUNTER);
    lua_pushfstring(L, "counter #%d at %I", c->id, c->value);
    return 1;
}

static int counter_gc(lua_State *L)
{
    Counter *c = luaL_checkudata(L, 1, COUNTER);
    printf("C: counter #%d collected at %lld\n", c->id, (long long)c->value);
    return 0;
}

static const luaL_Reg counter_methods[] = {
    { "add", counter_add },
    { "get", counter_get },
    { NULL, NULL },
};

static const luaL_Reg counter_meta[] = {
    { "__tostring", counter_tostring },
    { "__gc", counter_gc },
    { NULL, NULL },
};

static const luaL_Reg host_functions[] = {
    { "twice", c_twice },
    { "counter", counter_new },
    { NULL, NULL },
};

/* Makes a state with the standard libraries and ours. */
static lua_State *new_state(void)
{
    lua_State *L = luaL_newstate();
    if (L == NULL)
        return NULL;
    luaL_openlibs(L);
    lua_register(L, "sum", c_sum);
    lua_register(L, "split", c_split);

    luaL_newmetatable(L, COUNTER);
    luaL_setfuncs(L, counter_meta, 0);
    luaL_newlib(L, counter_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);

    luaL_newlib(L, host_functions);
    lua_pushstring(L, "lua-embed");
    lua_setfield(L, -2, "name");
    lua_setglobal(L, "host");
    return L;
}

/* Message handler: the error with a traceback appended. */
static int traceback(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL)
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Calls the function under its nargs arguments on the stack with the
 * traceback handler; on error prints the message and leaves nothing. */
static int call(lua_State *L, int nargs, int nresults)
{
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, traceback);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    if (status != LUA_OK) {
        fflush(stdout);
        fprintf(stderr, "lua-embed: %s\n", lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    return status;
}

static const char demo_chunk[] =
    "config = { name = 'demo', sizes = { 3, 1, 2 }, verbose = true }\n"
    "function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end\n"
    "function describe(t)\n"
    "  local keys = {}\n"
    "  for k in pairs(t) do keys[#keys + 1] = tostring(k) end\n"
    "  table.sort(keys)\n"
    "  return #keys .. ' keys: ' .. table.concat(keys, ' '), #keys\n"
    "end\n"
    "function numbers(limit)\n"
    "  for i = 1, limit do coroutine.yield(i * i) end\n"
    "  return 'done'\n"
    "end\n"
    "function checked(x)\n"
    "  if type(x) ~= 'number' then error('checked wants a number, got ' .. type(x)) end\n"
    "  return x\n"
    "end\n";

static int demo(lua_State *L)
{
    printf("C: %s\n", LUA_RELEASE);

    /* A chunk from a string, run once: it defines globals. */
    if (luaL_loadbuffer(L, demo_chunk, strlen(demo_chunk), "=demo") != LUA_OK) {
        fprintf(stderr, "lua-embed: %s\n", lua_tostring(L, -1));
        return 1;
    }
    if (call(L, 0, 0) != LUA_OK)
        return 1;

    /* Lua functions called from C: arguments in, results out. */
    lua_getglobal(L, "fact");
    lua_pushinteger(L, 20);
    if (call(L, 1, 1) != LUA_OK)
        return 1;
    printf("C: fact(20) = %lld (%s)\n", (long long)lua_tointeger(L, -1),
           lua_isinteger(L, -1) ? "integer" : "float");
    lua_pop(L, 1);

    lua_getglobal(L, "describe");
    lua_newtable(L);
    for (int i = 0; i < 4; i++) {
        static const char *const keys[] = { "red", "green", "blue", "alpha" };
        lua_pushnumber(L, i / 4.0);
        lua_setfield(L, -2, keys[i]);
    }
    if (call(L, 1, 2) != LUA_OK)
        return 1;
    printf("C: describe -> \"%s\", %lld\n", lua_tostring(L, -2), (long long)lua_tointeger(L, -1));
    lua_pop(L, 2);

    /* A table the chunk made, read from C. */
    lua_getglobal(L, "config");
    lua_getfield(L, -1, "name");
    lua_getfield(L, -2, "verbose");
    printf("C: config.name = %s, config.verbose = %s\n", lua_tostring(L, -2),
           lua_toboolean(L, -1) ? "true" : "false");
    lua_pop(L, 2);
    lua_getfield(L, -1, "sizes");
    lua_Integer n = luaL_len(L, -1);
    printf("C: config.sizes has %lld:", (long long)n);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, -1, i);
        printf(" %lld", (long long)lua_tointeger(L, -1));
        lua_pop(L, 1);
    }
    printf("\n");
    lua_pop(L, 2);

    /* A coroutine resumed from C until it returns. */
    lua_State *co = lua_newthread(L);
    lua_getglobal(co, "numbers");
    lua_pushinteger(co, 4);
    int nargs = 1, nres = 0, status;
    printf("C: coroutine yields:");
    while ((status = lua_resume(co, L, nargs, &nres)) == LUA_YIELD) {
        printf(" %lld", (long long)lua_tointeger(co, -1));
        lua_pop(co, nres);
        nargs = 0;
    }
    printf(", then returns %s (%s)\n", status == LUA_OK ? lua_tostring(co, -1) : "an error",
           status == LUA_OK ? "ok" : "failed");
    lua_pop(L, 1);

    /* Errors: one raised in Lua and caught by C, one raised by a C function. */
    lua_getglobal(L, "checked");
    lua_pushstring(L, "seven");
    status = call(L, 1, 1);
    printf("C: checked('seven') -> status %d\n", status);
    if (luaL_dostring(L, "return sum(1, 'x')") != LUA_OK) {
        printf("C: sum(1, 'x') -> %s\n", lua_tostring(L, -1));
        lua_pop(L, 1);
    }

    /* Our C functions and userdata, used from Lua. */
    static const char use_chunk[] =
        "print('Lua: sum', sum(1, 2, 3), sum(0.5, 0.25), sum())\n"
        "print('Lua: split', table.concat(split('a,b,,c'), '|'), #split(''), #split('x y', ' '))\n"
        "print('Lua: twice', host.twice(function(x) return x * 10 end, 7), host.name)\n"
        "local c = host.counter(5)\n"
        "c:add():add(10)\n"
        "print('Lua: counter', c:get(), tostring(c))\n"
        "print('Lua: wrong self', pcall(c.get, {}))\n"
        "c = nil\n"
        "collectgarbage()\n"
        "print('Lua: after collect')\n";
    if (luaL_loadbuffer(L, use_chunk, strlen(use_chunk), "=use") != LUA_OK || call(L, 0, 0) != LUA_OK)
        return 1;

    printf("C: memory in use: %s\n", lua_gc(L, LUA_GCCOUNT) > 0 ? "some" : "none");
    printf("C: stack top at the end: %d\n", lua_gettop(L));
    return 0;
}

/* Runs SCRIPT with `arg` = { [0] = SCRIPT, ARG... } and ... = ARG... */
static int run_script(lua_State *L, int argc, char **argv)
{
    lua_createtable(L, argc - 2, 1);
    for (int i = 1; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i - 1);
    }
    lua_setglobal(L, "arg");
    if (luaL_loadfile(L, argv[1]) != LUA_OK) {
        fprintf(stderr, "lua-embed: %s\n", lua_tostring(L, -1));
        return 1;
    }
    for (int i = 2; i < argc; i++)
        lua_pushstring(L, argv[i]);
    if (call(L, argc - 2, 1) != LUA_OK)
        return 1;
    /* A script's integer result is the exit status, as with os.exit. */
    int code = lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    return code;
}

int main(int argc, char **argv)
{
    lua_State *L = new_state();
    if (L == NULL) {
        fprintf(stderr, "lua-embed: cannot create a Lua state\n");
        return 1;
    }
    int status = argc > 1 ? run_script(L, argc, argv) : demo(L);
    fflush(stdout);
    lua_close(L); /* runs the finalizers of what is left */
    printf("C: closed\n");
    return status;
}
